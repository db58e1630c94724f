"""The REST API under /api/v1/ (django-ninja) and the personal access tokens that open it."""
