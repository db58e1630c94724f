from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    name = "rapport.archive"
    label = "archive"
    verbose_name = "Archive"

    def ready(self) -> None:
        from rapport.archive import preview, restore, tables
        from rapport.contacts.archive import AccountArchive, register

        register(AccountArchive(tables.export_account, preview.preview, restore.restore))
