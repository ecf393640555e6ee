"""How the actor network looks: node symbols by actor kind, edge pens by relation type."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from explorer.analysis.network import MEMBERSHIP

Dash = Qt.PenStyle


@dataclass(frozen=True)
class NodeStyle:
    """A pyqtgraph symbol name, its fill and outline, and the legend's word for the kind."""

    symbol: str
    fill: str
    outline: str
    label: str
    size: float = 1.0  # relative to the base node size


@dataclass(frozen=True)
class EdgeStyle:
    """The pen of one relation type: colour, dash, width (px at weight 1), legend label."""

    colour: str
    dash: Qt.PenStyle
    width: float
    label: str
    arrow: bool = False  # draw an arrowhead at the target of directed relations
    directed: bool = False  # directed by nature: the legend shows the arrowhead too


NODE_STYLES: dict[str, NodeStyle] = {
    "state": NodeStyle("o", "#4a7fb5", "#1d3b5c", "State"),
    "organization": NodeStyle("s", "#e3a33b", "#7a4f0b", "Organization", 0.95),
    "armed_group": NodeStyle("t1", "#c0392b", "#5e150f", "Armed group"),
    "company": NodeStyle("d", "#2e9e62", "#145232", "Company"),
    "person": NodeStyle("star", "#8e5bb5", "#44245c", "Person", 1.15),
}
OTHER_NODE = NodeStyle("h", "#8a8f94", "#3d4246", "Other")

# Negative ties red and dashed; alliances solid and dark; basing orange with an arrowhead
# (operator -> host); economic ties green and gold; memberships thin and grey.
EDGE_STYLES: dict[str, EdgeStyle] = {
    "alliance": EdgeStyle("#14213d", Dash.SolidLine, 2.6, "Alliance"),
    "strategic_partnership": EdgeStyle("#2f5d8a", Dash.SolidLine, 1.9, "Strategic partnership"),
    "security_cooperation": EdgeStyle("#7b4fa0", Dash.SolidLine, 1.6, "Security cooperation",
                                      arrow=True),
    "basing": EdgeStyle("#e07b00", Dash.SolidLine, 3.2, "Basing (operator → host)",
                        arrow=True, directed=True),
    "diplomatic": EdgeStyle("#7f8c99", Dash.DotLine, 1.2, "Diplomatic relations"),
    "hostility": EdgeStyle("#d62828", Dash.DashLine, 2.2, "Hostility", arrow=True),
    "border_dispute": EdgeStyle("#9b1c1c", Dash.DashDotLine, 2.0, "Border dispute"),
    "trade": EdgeStyle("#2e8b57", Dash.SolidLine, 1.8, "Trade"),
    "transit": EdgeStyle("#b8860b", Dash.DashLine, 1.8, "Transit"),
    "leads": EdgeStyle("#4a4a4a", Dash.SolidLine, 1.4, "Leads (person → state)", arrow=True,
                       directed=True),
    MEMBERSHIP: EdgeStyle("#a9b0b7", Dash.SolidLine, 0.9, "Membership"),
}
OTHER_EDGE = EdgeStyle("#555555", Dash.SolidLine, 1.4, "Other relation")
NEGATIVE = EdgeStyle("#d62828", Dash.DashLine, 1.8, "Negative tie")

SELECTED_RING = QColor("#111111")
FADED_ALPHA = 55  # of 255: what the selection leaves out
EDGE_ALPHA = 215
LABEL = QColor("#1c1c1c")
LABEL_FADED = QColor(60, 60, 60, 90)
LABEL_SIZE = 11.0  # px; the bold labels (the selection, the Central Asian states) one more
BASE_NODE_SIZE = 17.0  # px
METRIC_SIZE = (9.0, 34.0)  # px: the smallest and largest node when sized by a metric
SELECTED_GROWTH = 1.35


def node_style(kind: str) -> NodeStyle:
    return NODE_STYLES.get(kind, OTHER_NODE)


def edge_style(relation_type: str, sign: int = 1) -> EdgeStyle:
    """The pen of a relation; a negative tie of a type not negative by nature is red dashed."""
    found = EDGE_STYLES.get(relation_type, OTHER_EDGE)
    if sign < 0 and found.dash == Dash.SolidLine and relation_type != MEMBERSHIP:
        return NEGATIVE
    return found


def colour(hex_colour: str, alpha: int = 255) -> QColor:
    c = QColor(hex_colour)
    c.setAlpha(alpha)
    return c
