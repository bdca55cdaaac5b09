/**
 * Numbers, durations and dates written the French way, for the text of the pages (never for printed outputs).
 */

/** A decimal number with a decimal comma: `0,0123`. */
export function frenchDecimal(value: number, digits: number): string {
  return value.toFixed(digits).replace('.', ',');
}

/** A duration in words: `45 s`, `2 min 05 s`, `1 h 16 min`. */
export function frenchDuration(seconds: number): string {
  const total = Math.round(seconds);
  if (total < 60) return `${total}\u00a0s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 60) return `${minutes}\u00a0min ${String(total % 60).padStart(2, '0')}\u00a0s`;
  return `${Math.floor(minutes / 60)}\u00a0h ${String(minutes % 60).padStart(2, '0')}\u00a0min`;
}

/** A `YYYY-MM-DD` day as `30/11/2026`. */
export function frenchDate(day: string): string {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${year}`;
}
