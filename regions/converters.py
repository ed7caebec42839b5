from django.urls import register_converter


class RegionPathConverter:
    """A province's code, or a province's and a city's: 440000 or 440000/440300."""

    regex = r"[1-9][0-9]{5}(?:/[1-9][0-9]{5})?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return value if isinstance(value, str) else value.path


register_converter(RegionPathConverter, "region")
