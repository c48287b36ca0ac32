"""Lesson 03 has no explorer of its own: it tours its tables (``platform_proactive``, ``gifct_hashes`` ...) with
lesson 00's dataset tour, re-exported here so that the lesson's notebook finds it as ``lesson.dataset_tour``.
"""

from __future__ import annotations

from ..l00_start_here.explorer import dataset_tour

__all__ = ["dataset_tour"]
