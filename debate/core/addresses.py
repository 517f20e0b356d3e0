"""The address of the client a request comes from, behind the load balancer or not."""

import ipaddress

from django.conf import settings


def _parse(address):
    try:
        return ipaddress.ip_address(address.strip())
    except ValueError:
        return None


def _is_trusted_proxy(address):
    return address is not None and any(address in network for network in settings.TRUSTED_PROXIES)


def client_address(request):
    """``REMOTE_ADDR``, unless it is one of ``TRUSTED_PROXIES``: then the right-most address in
    ``X-Forwarded-For`` that is not itself a trusted proxy. Anything to the left of that was
    written by the client and may be forged, so it is never used."""
    remote = request.META.get("REMOTE_ADDR") or "unknown"
    if not _is_trusted_proxy(_parse(remote)):
        return remote
    hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _parse(hop)
        if address is None:
            # Our proxy writes addresses; a malformed hop means the chain cannot be followed.
            return remote
        if not _is_trusted_proxy(address):
            return str(address)
    return str(_parse(hops[0])) if hops else remote


def address_group(address):
    """What counts as one client for rate limits: an IPv4 address, or an IPv6 /64 network (one
    home or phone is given a whole /64, so counting single IPv6 addresses would be no limit)."""
    parsed = _parse(address)
    if isinstance(parsed, ipaddress.IPv6Address):
        if parsed.ipv4_mapped:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return address
