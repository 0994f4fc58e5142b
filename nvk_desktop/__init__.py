"""NVK Desktop core: Qt-free domain, storage, services and documents."""

__version__ = "0.1.0"
APP_NAME = "NVK Desktop"
