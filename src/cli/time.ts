/**
 * One time format for people (issue 15 §6): local time with its zone, plus how far away it is
 * (`2026-06-01 08:05:00 EDT (in 5 min)`). JSON keeps ISO 8601 (UTC); only tables, views and notes use this.
 */

/** "in 5 min" / "3 h ago": how far `at` is from `now`. */
export function relativeTime(at: number, now: number): string {
  const ms = Math.abs(at - now);
  const text =
    ms < 90_000 ? `${Math.round(ms / 1000)} s` : ms < 90 * 60_000 ? `${Math.round(ms / 60_000)} min` : ms < 48 * 3600_000 ? `${Math.round(ms / 3600_000)} h` : `${Math.round(ms / 86_400_000)} d`;
  return at >= now ? `in ${text}` : `${text} ago`;
}

/** `2026-06-01 14:05:00 CEST`: the local time (TZ) with the zone's short name. */
export function localTime(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  const zone = new Intl.DateTimeFormat('en-US', { timeZoneName: 'short' }).formatToParts(d).find((p) => p.type === 'timeZoneName')?.value ?? '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}${zone ? ` ${zone}` : ''}`;
}

/** A time for people: local time with zone and the relative distance; an unparsable value is shown as it is. */
export function peopleTime(at: number | string | null | undefined, now: number): string {
  if (at === null || at === undefined || at === '') return 'unknown';
  const ms = typeof at === 'number' ? at : Date.parse(at);
  if (Number.isNaN(ms)) return String(at);
  return `${localTime(ms)} (${relativeTime(ms, now)})`;
}
