"""Labels for vocabulary ids, read from the knowledge base the engine loads."""


def _get(container, key):
    if container is None:
        return None
    if isinstance(container, dict):
        return container.get(key)
    return getattr(container, key, None)


def _text(value, lang):
    if value is None:
        return None
    if isinstance(value, str):
        return value
    return _get(value, lang) or _get(value, "en")


def kb_label(kb, kind, identifier, lang):
    """The label of ``identifier`` in ``kind`` (remedies, harms, mitigations, evidence or a
    vocabulary list), or None when the knowledge base has none."""
    for container in (_get(kb, kind), _get(_get(kb, "vocabulary"), kind)):
        entry = _get(container, identifier)
        if entry is None and isinstance(container, list | tuple):
            entry = next((e for e in container if _get(e, "id") == identifier), None)
        label = _text(_get(entry, "label"), lang)
        if label:
            return label
    return None
