from django import template

register = template.Library()


@register.filter
def model_name(obj) -> str:
    return obj._meta.model_name


@register.filter
def verbose_name(obj) -> str:
    return str(obj._meta.verbose_name).capitalize()
