"""Turning a page's value into bytes: templates, people's Markdown, and inline SVG charts."""
