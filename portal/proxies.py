"""Where a request comes from when proxies stand between the browser and the app."""

from django.conf import settings
from django.http import HttpRequest
from python_ipware import IpWare


def client_address(request: HttpRequest) -> str:
    """The address the first of the PROXY_COUNT proxies received the request from.

    django-axes counts failed sign-ins by it (AXES_CLIENT_IP_CALLABLE). Each proxy appends the
    address it received the request from to X-Forwarded-For and the last one connects to the
    app, so the client is the PROXY_COUNT-th entry from the right; anything further left is
    whatever the client sent. Without proxies, or with a header too short to hold what they
    write, the request did not come through them and REMOTE_ADDR is the only address known.
    """
    remote_addr = request.META.get("REMOTE_ADDR", "")
    proxies = settings.PROXY_COUNT
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = header.split(",") if header.strip() else []
    if proxies == 0 or len(hops) < proxies:
        return remote_addr
    # ipware is given only the entries our proxies wrote. On the whole request it cannot be
    # told "the N-th from the right": strict (its default), it wants exactly proxy_count
    # entries after the client in every header, REMOTE_ADDR included, so a missing header or a
    # forged prefix gives None or the proxy's own address, one counter shared by everyone;
    # lax, it skips what it cannot parse, so a client's unclosed quote swallows our entries and
    # the client's own entry wins; and across headers it prefers a routable address, counting
    # staff on a private network at a public proxy's. On our entries alone and strict, it
    # parses the address (ports, IPv4-mapped IPv6) and refuses the header if one is not.
    ipware = IpWare(precedence=("HTTP_X_FORWARDED_FOR",), proxy_count=proxies - 1)
    trusted = {"HTTP_X_FORWARDED_FOR": ",".join(hops[-proxies:])}
    address, _ = ipware.get_client_ip(trusted, strict=True)
    return str(address) if address is not None else remote_addr
