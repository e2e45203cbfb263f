from django.conf import settings


def site(request) -> dict:
    """Names every page shows in its title, header and footer."""
    return {"province_name": settings.MOTCUA_PROVINCE_NAME}
