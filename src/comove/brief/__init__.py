"""The data-grounded market brief (``comove brief``): HTML and Markdown with charts."""
