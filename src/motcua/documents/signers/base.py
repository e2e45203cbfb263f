from abc import ABC, abstractmethod

from pyhanko.sign.signers import Signer

from motcua.org.models import Unit


class SigningUnavailable(Exception):
    """No key for the unit (not configured, missing file, wrong passphrase)."""


class SigningProvider(ABC):
    @abstractmethod
    def signer_for(self, unit: Unit) -> Signer:
        """A pyHanko signer holding the unit's key and certificate chain; SigningUnavailable
        when there is none."""
