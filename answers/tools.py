"""The guided answers and calculators as search finds them: a title and summary in the
page's language, and the words people type for them in either language."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Tool:
    key: str
    url_name: str
    title: Promise
    summary: Promise
    words: str  # searched, not shown: in both languages, as citizens type them

    @property
    def url(self) -> str:
        return reverse(self.url_name)


TOOLS = [
    Tool(
        "answers",
        "answers:start",
        _("Which applies to me? How, how much and by when you pay"),
        _(
            "Three questions (who you are, where you pay, whether you are registered) lead to "
            "what applies: registration, who collects, how much, the deadline and how to pay."
        ),
        "how much how to pay which scheme deadline register registration employee employer "
        "flexible worker self-employed resident 交多少 怎么交 缴费 参保登记 灵活就业 城乡居民 "
        "职工 用人单位 个体工商户 缴费期限",
    ),
    Tool(
        "flexible",
        "answers:flexible",
        _("A flexible worker’s monthly contribution"),
        _(
            "Work out the monthly pension and medical contributions on a base between the "
            "region’s lowest and highest, with the figures and their sources."
        ),
        "how much contribution base rate monthly amount flexible worker self-employed "
        "calculator 缴费基数 基数 费率 缴费比例 灵活就业 个体工商户 每月 交多少 计算器",
    ),
    Tool(
        "resident",
        "answers:resident",
        _("A resident’s yearly contribution"),
        _("The yearly amounts an urban or rural resident may choose, and what a choice costs."),
        "how much resident yearly tier pension calculator "
        "城乡居民 缴费档次 档次 每年 交多少 计算器",
    ),
    Tool(
        "late-fee",
        "answers:late_fee",
        _("An employer’s late-payment fee"),
        _(
            "Article 86 of the Social Insurance Law: 0.05% a day on contributions an employer "
            "pays late, from the first day in arrears to the day of payment."
        ),
        "late fee late payment overdue penalty employer calculator 滞纳金 欠缴 逾期 "
        "万分之五 用人单位 计算器",
    ),
    Tool(
        "figures",
        "local:national_figures",
        _("Contribution figures: bases, rates, tiers and deadlines"),
        _("Each region’s figures, with their source and the period they are in force."),
        "how much contribution base rate figures average wage deadline 缴费基数 基数 费率 "
        "缴费比例 社平工资 平均工资 缴费期限 档次",
    ),
]
