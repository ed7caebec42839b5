from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """Hashed, compressed static files, including the modules portal.js imports.

    Without import aggregation, `import … from './regions.js'` would keep
    pointing at the unhashed file, which can only be cached briefly.
    """

    support_js_module_import_aggregation = True
