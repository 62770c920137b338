import { CATEGORIES } from '../types.js';
import type { RunReport } from './summary.js';
import { xmlEscape } from './xml.js';

/** JUnit XML: a test suite per category, a test case per attack; a successful attack is a failure. */
export function toJunit(report: RunReport): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
  const s = report.summary;
  out.push(
    `<testsuites name="bulwark-redteam" tests="${s.attempts}" failures="${s.successes}" errors="${s.errors}">`,
  );
  for (const category of CATEGORIES) {
    const mine = report.attempts.filter((a) => a.category === category);
    if (mine.length === 0) continue;
    const failures = mine.filter((a) => a.status === 'fail').length;
    const errors = mine.filter((a) => a.status === 'error').length;
    const time = mine.reduce((t, a) => t + a.ms, 0) / 1000;
    out.push(
      `  <testsuite name="${category}" tests="${mine.length}" failures="${failures}" errors="${errors}" time="${time.toFixed(3)}">`,
    );
    for (const a of mine) {
      const open = `    <testcase classname="redteam.${category}.${xmlEscape(a.probe)}" name="${xmlEscape(a.id)}" time="${(a.ms / 1000).toFixed(3)}"`;
      if (a.status === 'pass') {
        out.push(`${open}/>`);
        continue;
      }
      out.push(`${open}>`);
      if (a.status === 'error') {
        out.push(`      <error type="${xmlEscape(a.error ?? 'error')}" message="request failed"/>`);
      } else {
        const why = a.grades
          .filter((g) => g.hit)
          .map((g) => `${g.grader}: ${g.reason}`)
          .join('; ');
        out.push(
          `      <failure type="${a.severity}" message="${xmlEscape(why)}">${xmlEscape(a.reply)}</failure>`,
        );
      }
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}
