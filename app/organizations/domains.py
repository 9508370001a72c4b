"""E-mail and web domains as evidence of where a person works: the basis of domain conflicts.

Pure functions of strings and settings; no database. A domain says nothing when it is a shared
mail provider (gmail.com, qq.com …) or one of the Joint Secretariat's own (`SECRETARIAT_MAIL_DOMAINS`):
every reviewer has an address there, so an applicant naming it must never conflict them all out.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import current_app

# Addresses at these domains say nothing about where a person works.
SHARED_MAIL_DOMAINS = frozenset(
    {
        "gmail.com",
        "googlemail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "icloud.com",
        "aol.com",
        "proton.me",
        "protonmail.com",
        "qq.com",
        "foxmail.com",
        "163.com",
        "126.com",
        "yeah.net",
        "sina.com",
        "sohu.com",
        "aliyun.com",
    }
)
# Reserved for documentation and tests (RFC 2606, RFC 6761): no organization works there.
RESERVED_DOMAINS = frozenset({"example.com", "example.net", "example.org"})
RESERVED_SUFFIXES = (".example", ".test", ".invalid", ".localhost")
# Second-level labels under a country code that are not an organization (tsinghua.edu.cn).
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "gov", "net", "org", "mil", "gen", "int"})


def registrable_domain(host: str) -> str:
    """The part of a host name an organization registers: ``mails.tsinghua.edu.cn`` →
    ``tsinghua.edu.cn``, ``www.duke-energy.com`` → ``duke-energy.com``."""
    labels = [label for label in host.lower().strip().rstrip(".").split(".") if label]
    if len(labels) >= 3 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])


def registrable_domains(domains: Iterable[str]) -> frozenset[str]:
    """The registrable domains of some configured names (blank ones left out)."""
    return frozenset(registrable_domain(domain) for domain in domains if domain.strip())


def secretariat_domains() -> frozenset[str]:
    """The Joint Secretariat's own mail domains (configuration), as registrable domains."""
    return registrable_domains(current_app.config["SECRETARIAT_MAIL_DOMAINS"])


def telling_domain(email: str, secretariat: frozenset[str]) -> str | None:
    """The organization-like domain of an address, or None for a shared mail provider, a
    documentation domain or one of `secretariat`."""
    domain = registrable_domain(email.rpartition("@")[2])
    if (
        not domain
        or domain in SHARED_MAIL_DOMAINS
        or domain in RESERVED_DOMAINS
        or domain.endswith(RESERVED_SUFFIXES)
        or domain in secretariat
    ):
        return None
    return domain


def email_domain(email: str) -> str | None:
    """`telling_domain` against the configured Secretariat domains."""
    return telling_domain(email, secretariat_domains())


def domains_of(addresses: Iterable[str], secretariat: frozenset[str] | None = None) -> list[str]:
    """The distinct telling domains of some addresses, sorted (against the configured
    Secretariat domains unless `secretariat` is given)."""
    if secretariat is None:
        secretariat = secretariat_domains()
    return sorted(
        {domain for address in addresses if (domain := telling_domain(address, secretariat))}
    )
