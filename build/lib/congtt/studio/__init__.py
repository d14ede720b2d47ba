"""The studio: staff write, review and publish from a browser (Decap CMS over the portal's git repository).

Modules: ``accounts`` (who may write, who may publish), ``repository`` (git
plumbing: drafts on branches without a checkout), ``entries`` (paths and
checks, the same as ``congtt check``), ``protocol`` (Decap's proxy backend
actions), ``publish`` (merge, check, rebuild, deploy), ``preview`` (a draft's
real page), ``decap`` (Decap's configuration from ``mkdocs.yml`` and the
schemas), ``app`` (the Starlette routes) and ``server`` (putting them together).
"""

# Decap CMS as the Makefile fetches it (npm pack, integrity pinned there); the studio serves its dist/.
DECAP_VERSION = "3.16.3"
