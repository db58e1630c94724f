from django.urls import path

from rapport.contacts.views import contacts, organizations, tags, timeline, transfer

urlpatterns = [
    path("contacts/", contacts.contact_list, name="contact-list"),
    path("contacts/new/", contacts.contact_create, name="contact-create"),
    path("contacts/demo/", contacts.demo, name="demo"),
    path("contacts/names/", contacts.contact_names, name="contact-names"),
    path("contacts/<int:pk>/", contacts.contact_detail, name="contact-detail"),
    path("contacts/<int:pk>/edit/", contacts.contact_edit, name="contact-edit"),
    path("contacts/<int:pk>/delete/", contacts.contact_delete, name="contact-delete"),
    path("contacts/<int:pk>/commonalities/", timeline.commonality_add, name="commonality-add"),
    path("contacts/<int:pk>/touches/", timeline.touch_add, name="touch-add"),
    path("contacts/<int:pk>/referrals/", timeline.referral_add, name="referral-add"),
    path("commonalities/<int:pk>/delete/", timeline.commonality_delete, name="commonality-delete"),
    path("touches/<int:pk>/delete/", timeline.touch_delete, name="touch-delete"),
    path("touches/restore/", timeline.touch_restore, name="touch-restore"),
    path("referrals/<int:pk>/delete/", timeline.referral_delete, name="referral-delete"),
    path("tags/", tags.tag_list, name="tag-list"),
    path("tags/<int:pk>/", tags.tag_cadence, name="tag-cadence"),
    path("import/", transfer.import_upload, name="import"),
    path("import/<int:pk>/", transfer.import_preview, name="import-preview"),
    path("export/", transfer.export_page, name="export"),
    path("export/file/<int:pk>/", transfer.export_file, name="export-file"),
    path(
        "export/rapport.json", transfer.export_download, {"file_format": "json"}, name="export-json"
    ),
    path(
        "export/contacts.csv", transfer.export_download, {"file_format": "csv"}, name="export-csv"
    ),
    path(
        "export/contacts.vcf",
        transfer.export_download,
        {"file_format": "vcard"},
        name="export-vcard",
    ),
    path("organizations/", organizations.organization_list, name="organization-list"),
    path("organizations/new/", organizations.organization_create, name="organization-create"),
    path("organizations/<int:pk>/", organizations.organization_detail, name="organization-detail"),
    path("organizations/<int:pk>/edit/", organizations.organization_edit, name="organization-edit"),
    path(
        "organizations/<int:pk>/delete/",
        organizations.organization_delete,
        name="organization-delete",
    ),
]
