"""Django's Redis cache backend, with one redis-py client per connection pool.

django.core.cache.backends.redis builds a new redis.Redis object for every cache
call (about 130 µs here: the client's table of response callbacks), and a
signed-in request makes several: the session, the rate limits, the snapshot
generations (bench/README.md, "Filing"). A client holds no connection of its
own and is safe to share between threads, so one per pool serves every call.

incr() is one round trip instead of two: Django asks EXISTS, then INCRBY; here a
Lua script does both in Redis, which also makes the check and the increment one
step. A rate-limit check (django-ratelimit: add, then incr) makes two calls.
"""

from typing import Any

from django.core.cache.backends.redis import RedisCache as DjangoRedisCache
from django.core.cache.backends.redis import RedisCacheClient

# INCRBY an existing key (keeping its expiry); nil for a missing one, which
# INCRBY alone would create without an expiry.
_INCR_EXISTING = """
if redis.call('EXISTS', KEYS[1]) == 1 then
    return redis.call('INCRBY', KEYS[1], ARGV[1])
end
return false
"""


class _SharedClientCacheClient(RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}
        self._incr_scripts: dict[int, Any] = {}

    def incr(self, key: str, delta: int) -> int:
        client = self.get_client(key, write=True)
        script = self._incr_scripts.get(id(client))
        if script is None:
            script = self._incr_scripts[id(client)] = client.register_script(
                _INCR_EXISTING
            )
        value = script(keys=[key], args=[delta])
        if value is None:
            raise ValueError(f"Key '{key}' not found.")
        return value

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
