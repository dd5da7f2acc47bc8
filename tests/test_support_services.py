"""Smoke tests proving the test harness can run its real services here."""

from __future__ import annotations

import psycopg

from tests.support.pgcluster import PostgresCluster
from tests.support.redisserver import RedisServer
from tests.support.require import need


def test_postgres_cluster_roundtrip() -> None:
    need(PostgresCluster.available())
    with PostgresCluster() as cluster:
        url = cluster.create_database("smoke")
        assert url == f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/smoke"
        with psycopg.connect(cluster.conninfo("smoke")) as conn:
            assert conn.execute("select 1").fetchone() == (1,)
            assert conn.execute("show server_encoding").fetchone() == ("UTF8",)
        cluster.drop_database("smoke")
        tmpdir = cluster.tmpdir
    assert tmpdir is not None and not tmpdir.exists()


def test_redis_server_roundtrip() -> None:
    need(RedisServer.available())
    try:
        import redis
    except ImportError as exc:  # routed through need() so CI fails, not skips
        need(f"redis client package not importable: {exc}")
    with RedisServer() as server:
        client = redis.Redis.from_url(server.url)
        try:
            assert client.ping() is True
            client.set("greeting", "안녕")
            assert client.get("greeting").decode() == "안녕"
        finally:
            client.close()


def test_chromium_renders_korean(browser) -> None:
    # Uses the session's browser: Playwright's sync API allows one driver per process.
    page = browser.new_page()
    try:
        page.goto("data:text/html;charset=utf-8,<h1>안녕</h1>")
        assert page.inner_text("h1") == "안녕"
    finally:
        page.close()
