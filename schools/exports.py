"""The key figures as CSV and XLSX, through the studies export's writers (formula-like cells neutralised)."""

from django.utils.translation import gettext as _


def figures_header():
    return [_("Scope"), _("Group"), _("Figure"), _("Pupils counted"), _("Out of"), _("Percent"), _("Definition")]


def figures_rows(data):
    """Yield one row per figure: the whole federation first, then each group of each grouping."""
    yield [_("Schools open"), "", "", data["schools_open"], None, None, ""]
    yield [_("Openings over the last eight years"), "", "", data["openings"], None, None, ""]
    scopes = [(_("Federation"), [("", data["figures"])])]
    scopes += [(str(label), groups) for _key, label, groups in data["groupings"]]
    for scope, groups in scopes:
        for group, figures in groups:
            for figure in figures:
                share = figure.share
                percent = _("too few pupils") if share.too_few else share.percent
                yield [
                    scope,
                    str(group),
                    str(figure.label),
                    share.numerator,
                    share.denominator,
                    percent,
                    str(figure.definition),
                ]
