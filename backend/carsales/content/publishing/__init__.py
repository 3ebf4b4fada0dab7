"""Publishing outputs of content: a PNG social card, a PDF print ad, an e-mail message, text to
paste and CSV. Pure renderers: copy in, bytes or text out; no web, no database."""
