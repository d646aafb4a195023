from tests.dossiers.conftest import in_march_2024, reference

__all__ = ["in_march_2024", "reference"]
