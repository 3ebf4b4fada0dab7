"""The publishing outputs served by the API; the pure renderers are publishing/."""
