"""A service's ValidationError shown on the form."""

from django.core.exceptions import ValidationError


class ServiceErrorsMixin:
    """Show a service's ValidationError next to the fields it names."""

    def add_service_error(self, error: ValidationError) -> None:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                self.add_error(field if field in self.fields else None, errors)
        else:
            self.add_error(None, error)
