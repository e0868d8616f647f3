"""Time zones in one place: store UTC, present Asia/Ho_Chi_Minh."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

VN = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Aware "now": a naive now would be read as local time somewhere and shift every date."""
    return datetime.now(UTC)


def to_utc(dt: datetime) -> datetime:
    """Aware UTC; a naive value is a programming error, never silently assumed to be local."""
    if dt.tzinfo is None:
        raise ValueError(f"naive datetime {dt!r}: every stored datetime must be timezone-aware")
    return dt.astimezone(UTC)
