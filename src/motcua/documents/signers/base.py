from abc import ABC, abstractmethod
from typing import TYPE_CHECKING

from motcua.org.models import Unit

if TYPE_CHECKING:
    from pyhanko.sign.signers import Signer


class SigningUnavailable(Exception):
    """No key for the unit (not configured, missing file, wrong passphrase)."""


class SigningProvider(ABC):
    @abstractmethod
    def signer_for(self, unit: Unit) -> "Signer":
        """A pyHanko signer holding the unit's key and certificate chain; SigningUnavailable
        when there is none."""
