"""Every public URL answers: everything in the sitemap, and the pages it does not list."""

import re

from django.core.management import call_command


def test_every_public_url_answers(client, social_insurance_law, regions):
    call_command("seed", verbosity=0)
    sitemap = client.get("/sitemap.xml").content.decode()
    urls = [
        url.removeprefix("http://testserver") for url in re.findall(r"<loc>(.*?)</loc>", sitemap)
    ]
    assert len(urls) > 364 + 98  # regions, articles, guides, local guides, statutes
    urls += [
        "/",
        "/laws/",
        "/regions/",
        "/regions/index.json",
        "/robots.txt",
        "/healthz",
        "/readyz",
        "/guides/where-to-pay-social-security/checklist/",
        "/guides/where-to-pay-social-security/440000/440300/checklist/",
        "/guides/where-to-pay-social-security/region/",
        "/laws/social-insurance-law/2015-01-01/",
        "/laws/social-insurance-law/article/64/2012-01-01/",
    ]
    failures = [(url, status) for url in urls if (status := client.get(url).status_code) != 200]
    assert failures == []
