from oauth2_provider.oauth2_validators import OAuth2Validator


class Validator(OAuth2Validator):
    """Says a user's e-mail address, verified unless their first name is "unverified"."""

    def get_additional_claims(self, request):  # type: ignore[no-untyped-def]
        user = request.user
        return {"email": user.email, "email_verified": user.first_name != "unverified"}
