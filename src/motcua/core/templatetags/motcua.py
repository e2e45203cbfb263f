from datetime import datetime

from django import template
from django.template.base import FilterExpression, TextNode, Variable, VariableNode
from django.template.defaulttags import LoadNode, URLNode
from django.template.library import SimpleNode
from django.templatetags.i18n import TranslateNode
from django.templatetags.static import StaticNode
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

register = template.Library()

# The only names a {% once %} block may show: constant for the life of the process.
CONSTANT_NAMES = frozenset({"province_name"})


class OnceNode(template.Node):
    """Renders its content once per process and language, then repeats the text."""

    def __init__(self, nodelist: template.NodeList):
        self.nodelist = nodelist
        self.rendered: dict[str | None, str] = {}

    def render(self, context) -> str:
        language = get_language()
        text = self.rendered.get(language)
        if text is None:
            text = self.rendered[language] = self.nodelist.render(context)
        return text


@register.tag
def once(parser, token) -> OnceNode:
    """`{% once %}…{% endonce %}`: markup that is the same on every page in a language (the
    layout's links, labels, translations, static file addresses) is rendered once per process
    and language, not on every request: on a staff queue page those tags cost more than its
    20 rows (bench host, 2026-11-27). So that nothing personal can be repeated to another
    person, the block may hold only text, `translate`, `url` and `static` with constant
    arguments, tags without arguments or context, and the names in CONSTANT_NAMES; anything
    else (a variable, a block, `csrf_token`, `if`…) is a TemplateSyntaxError."""
    nodelist = parser.parse(("endonce",))
    parser.delete_first_token()
    for node in nodelist:
        if not _constant(node):
            raise template.TemplateSyntaxError(
                f"{{% once %}} cannot hold {type(node).__name__}: it must be the same for everyone."
            )
    return OnceNode(nodelist)


def _constant(node: template.Node) -> bool:
    if isinstance(node, TextNode | LoadNode):
        return True
    if isinstance(node, VariableNode):
        return _fixed(node.filter_expression, CONSTANT_NAMES)
    if isinstance(node, TranslateNode):
        context = node.message_context
        return node.asvar is None and _fixed(node.filter_expression) and _fixed_or_none(context)
    if isinstance(node, StaticNode):
        return node.varname is None and _fixed(node.path)
    if isinstance(node, URLNode):
        arguments = [node.view_name, *node.args, *node.kwargs.values()]
        return node.asvar is None and all(map(_fixed, arguments))
    if isinstance(node, SimpleNode):
        return not (node.takes_context or node.args or node.kwargs or node.target_var)
    return False


def _fixed_or_none(expression: FilterExpression | None) -> bool:
    return expression is None or _fixed(expression)


def _fixed(expression: FilterExpression, names: frozenset = frozenset()) -> bool:
    """A literal, or one of `names`, with literal filter arguments."""
    value = expression.var
    if isinstance(value, Variable) and value.literal is None and value.var not in names:
        return False
    return all(not lookup for _f, arguments in expression.filters for lookup, _a in arguments)


@register.filter
def vnd(amount) -> str:
    """Money the Vietnamese way: 1500000 -> '1.500.000 đ'; None -> 'Chưa có thông tin'."""
    if amount is None or amount == "":
        return _("Chưa có thông tin")
    return f"{int(amount):,}".replace(",", ".") + " đ"


@register.filter
def thousands(number) -> str:
    """1384984 -> '1.384.984'."""
    if number is None:
        return "0"
    return f"{int(number):,}".replace(",", ".")


@register.filter
def moment(value: datetime | None) -> str:
    """A moment the Vietnamese way in local time, '14:05 26/11/2026' ('' for none): what
    `date:"H:i d/m/Y"` gives, at a tenth of its cost, which counts in long lists."""
    if value is None or value == "":
        return ""
    return (timezone.localtime(value) if timezone.is_aware(value) else value).strftime(
        "%H:%M %d/%m/%Y"
    )
