"""The client address for log-in protection behind a configured number of trusted proxies."""

from django.test import RequestFactory

from tsunagu.accounts.client_ip import client_ip


def request(remote: str, forwarded: str | None = None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/login/", **meta)


def test_without_proxies_the_socket_address_counts(settings):
    """With no trusted proxy, X-Forwarded-For is ignored: clients cannot choose their address."""
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_with_one_proxy_the_address_it_saw_counts(settings):
    """Behind one proxy, the rightmost forwarded address is the client; addresses the client wrote are ignored."""
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"


def test_with_two_proxies_the_second_from_the_right_counts(settings):
    """Behind a CDN and a load balancer, the second address from the right is the client."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.2", "1.2.3.4, 198.51.100.7, 10.0.0.9")) == "198.51.100.7"


def test_missing_or_malformed_header_falls_back_to_the_socket(settings):
    """A short or garbled header does not produce an address; the socket address is used."""
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.2", "198.51.100.7")) == "10.0.0.2"
    assert client_ip(request("10.0.0.2", "not-an-ip, 10.0.0.9")) == "10.0.0.2"
