"""pytest: the gallery scripts run in the docs build, not as doctest modules."""

# Importing a gallery script would draw its figure; the generated folder holds
# copies of them. Both are checked where they belong: by the Sphinx build.
collect_ignore_glob = ["gallery_src/*", "auto_gallery/*"]
