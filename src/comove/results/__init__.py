"""Result objects: every analysis returns one (``summary()``, ``to_dict()``, ``to_frame()``,
``_repr_html_``, ``plot()``), and the command line only renders them."""

from comove.results.base import Result
from comove.results.render import jsonable, text_table, to_json

__all__ = ["Result", "jsonable", "text_table", "to_json"]
