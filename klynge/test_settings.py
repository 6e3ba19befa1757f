"""Settings for the test suite: the real settings with fast hashing and no outside effects."""

import tempfile

from klynge.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
                     "QUEUES": ["default", "engine"]}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Attachments go to a fresh folder per test process, never into var/.
KLYNGE_PRIVATE_FILES = Path(tempfile.mkdtemp(prefix="klynge-files-"))  # noqa: F405
KLYNGE_DATASETS_DIR = Path(tempfile.mkdtemp(prefix="klynge-datasets-"))  # noqa: F405
