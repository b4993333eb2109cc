"""Money is integer cents everywhere; these turn it into text and back."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

CURRENCY = "€"


def parse_money(text: str | int | Decimal | None, *, field: str | None = None) -> int | None:
    """'12,500', '12500.50', '€ 1.2k', '3m' → cents; '' → None. Negative amounts are refused."""
    from accountmgr.services.errors import DomainError

    if text is None:
        return None
    if isinstance(text, int):
        amount = Decimal(text)
    elif isinstance(text, Decimal):
        amount = text
    else:
        cleaned = str(text).strip().replace(CURRENCY, "").replace("EUR", "").replace(",", "").replace(" ", "")
        if not cleaned:
            return None
        multiplier = Decimal(1)
        suffix = cleaned[-1].lower()
        if suffix in "km":
            multiplier = Decimal(1000) if suffix == "k" else Decimal(1_000_000)
            cleaned = cleaned[:-1]
        try:
            amount = Decimal(cleaned) * multiplier
        except InvalidOperation:
            raise DomainError(f"“{text}” is not an amount of money (try 12500 or 12.5k).", field) from None
    if not amount.is_finite():
        raise DomainError(f"“{text}” is not an amount of money.", field)
    if amount < 0:
        raise DomainError("An amount of money cannot be negative.", field)
    return int((amount * 100).quantize(Decimal(1)))


def format_money(cents: int | None, *, symbol: bool = True, blank: str = "—") -> str:
    """Cents as '€12,500' (decimals only when there are some)."""
    if cents is None:
        return blank
    whole, rest = divmod(abs(cents), 100)
    text = f"{whole:,}" if rest == 0 else f"{whole:,}.{rest:02d}"
    sign = "-" if cents < 0 else ""
    return f"{sign}{CURRENCY if symbol else ''}{text}"


def format_money_short(cents: int | None, *, blank: str = "—") -> str:
    """Compact money for narrow columns: €950, €12.5k, €3.2M."""
    if cents is None:
        return blank
    value = cents / 100
    for limit, suffix in ((1_000_000_000, "bn"), (1_000_000, "M"), (1_000, "k")):
        if abs(value) >= limit:
            scaled = value / limit
            text = f"{scaled:.1f}".rstrip("0").rstrip(".")
            return f"{CURRENCY}{text}{suffix}"
    return f"{CURRENCY}{value:,.0f}"
