"""Rendering off the GUI thread: stale results are dropped, the cache keeps to its cap, the
worker stops with its tab; and the cache and layout on their own."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from app.pdf import MUPDF_LOCK
from app.services.reader import PageSize
from app.ui.reader.layout import WHOLE_PAGE_PIXELS, PageLayout
from app.ui.reader.page_cache import PageCache, TileKey
from tests.reader.conftest import Files, OpenTab, painted, settle


def test_zooming_twice_fast_drops_the_first_zoom(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    tab = open_tab(files.paper.path)
    settle(qtbot, tab)
    view = tab.view
    with MUPDF_LOCK:  # the worker stops inside its next render, at the lock
        view.set_zoom(1.5)
        middle = view.generation
        qtbot.waitUntil(lambda: tab.queue.active is not None)
        view.set_zoom(2.0)
        assert all(r.generation == view.generation for r in tab.queue.pending("view"))
    settle(qtbot, tab)
    assert view.loader.stale_dropped >= 1  # the render under way finished, and was thrown away
    assert not [key for key in list(tab.cache.keys()) if key.zoom == 1.5]
    assert view.generation == middle + 1
    assert {page for page in view.visible_pages()} <= painted(tab)


def test_the_cache_keeps_to_its_cap_while_scrolling(
    open_tab: OpenTab, files: Files, qtbot: QtBot
) -> None:
    cap = 16 * 1024 * 1024  # about three pages at this size, less room for one in flight
    tab = open_tab(files.paper.path, cache_cap=cap)
    view = tab.view
    for _ in range(30):
        qtbot.keyClick(view, Qt.Key.Key_PageDown)
        settle(qtbot, tab)
        assert tab.cache.bytes_used <= tab.cache.room <= cap
    bar = view.verticalScrollBar()
    assert bar.value() == bar.maximum() and 13 in view.visible_pages()  # at the end
    qtbot.keyClick(view, Qt.Key.Key_Home)
    settle(qtbot, tab)
    assert 0 in painted(tab)


def test_closing_stops_the_worker_mid_work(open_tab: OpenTab, files: Files, qtbot: QtBot) -> None:
    tab = open_tab(files.paper.path)
    tab.search.start("model")  # hundreds of hits, page after page
    tab.view.set_zoom(3.0)
    tab.close()
    assert not tab.queue.busy
    assert tab.queue.active_threads == 0
    assert tab.document is None


def image(width: int, height: int) -> QImage:
    return QImage(width, height, QImage.Format.Format_RGB32)


def test_cache_evicts_least_recently_used(qapp: object) -> None:
    one_image = image(100, 100).sizeInBytes()
    cache = PageCache(6 * one_image)  # three images, and room for one render in flight
    keys = [TileKey(page, 1.0, 1.0, False) for page in range(4)]
    for key in keys[:3]:
        assert cache.put(key, image(100, 100))
    assert cache.get(keys[0]) is not None  # now the most recent
    cache.put(keys[3], image(100, 100))
    assert keys[1] not in cache and keys[0] in cache
    assert cache.bytes_used == 3 * one_image
    assert cache.bytes_used + 3 * one_image <= cache.cap
    cache.put(TileKey(0, 2.0, 1.0, False, band=1), image(10, 10))
    fallback = cache.fallback(0, False, 1.9)
    assert [key.zoom for key, _ in fallback] == [2.0]
    assert not cache.put(TileKey(9, 1.0, 1.0, False), image(200, 200))  # bigger than the cap
    cache.clear()
    assert len(cache) == 0 and cache.bytes_used == 0


def test_cache_rejects_a_zero_cap() -> None:
    with pytest.raises(ValueError):
        PageCache(0)


def test_layout_stacks_pages_and_splits_big_ones_into_bands(qapp: object) -> None:
    sizes = [PageSize(612, 792)] * 3
    layout = PageLayout(sizes, 1.0, 1000)
    first, second = layout.page_rect(0), layout.page_rect(1)
    assert (first.width(), first.height()) == (816, 1056)
    assert second.top() > first.bottom()
    assert layout.page_at(second.top() + 5) == 1
    assert list(layout.pages_between(first.bottom() - 10, second.top() + 10)) == [0, 1]
    assert len(layout.bands(0, 1.0)) == 1
    big = PageLayout(sizes, 4.0, 1000)
    bands = big.bands(0, 2.0)
    assert len(bands) > 1
    scale = big.scale(2.0)
    for band in bands:
        assert band.clip is not None
        assert band.clip.width * scale * band.clip.height * scale <= WHOLE_PAGE_PIXELS
    assert bands[0].top == 0 and bands[-1].bottom == pytest.approx(big.heights[0], abs=1)
