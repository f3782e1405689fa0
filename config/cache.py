"""Django's Redis cache backend, with one redis-py client per connection pool.

django.core.cache.backends.redis builds a new redis.Redis object for every cache
call (about 130 µs here: the client's table of response callbacks), and a
signed-in request makes several: the session, the rate limits, the snapshot
generations (bench/README.md, "Filing"). A client holds no connection of its
own and is safe to share between threads, so one per pool serves every call.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient


class _SharedClientCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: object = None, *, write: bool = False) -> Any:
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            if index not in self._pools:
                self._pools[index] = self._pool_class.from_url(
                    self._servers[index], **self._pool_options
                )
            client = self._clients[index] = self._client(
                connection_pool=self._pools[index]
            )
        return client


class RedisCache(DjangoRedisCache):
    """The same backend and options as Django's; only the client is kept."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _SharedClientCacheClient
