from django.apps import AppConfig


class ProcessingConfig(AppConfig):
    name = "motcua.processing"
    label = "processing"
    verbose_name = "Quy trình xử lý"
