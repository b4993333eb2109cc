"""What the method does: queries, rules, scores, gaps, exports. No Textual here.

Every function takes the open :class:`accountmgr.db.Database` as its first
argument and runs in its own transaction, so a confirmed edit is committed at
once and a refused one writes nothing.
"""
