/**
 * A schema issue as a sentence that names the field the way the form does ("Cooldown must be
 * at least 0."), never a regex, a type dump or JSON. Takes zod's own issues in the browser, and
 * the API's `{path, message, code}` completed with what the form knows of the field.
 */
export type IssueLike = {
  code: string;
  message: string;
  input?: unknown;
  origin?: string;
  expected?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  inclusive?: boolean;
  values?: readonly unknown[];
  format?: string;
  keys?: readonly string[];
};

const KIND: Record<string, string> = { number: 'a number', int: 'a whole number', string: 'text', boolean: 'yes or no', array: 'a list', object: 'a set of settings' };
const FORMAT: Record<string, string> = { email: 'an email address', url: 'a web address (http or https)', datetime: 'a date and time', regex: 'in the expected form' };

// zod's own wording begins like this; a message a schema chose itself is already words
const DEFAULT_MESSAGE = /^(Invalid|Too (small|big)|Expected|Unrecognized)/;

export function issueInWords(issue: IssueLike, label: string): string {
  const own = !DEFAULT_MESSAGE.test(issue.message) ? issue.message : null;
  switch (issue.code) {
    case 'invalid_type':
      // zod leaves the input out of its issues; its message says when nothing was given
      if ('input' in issue ? issue.input == null || issue.input === '' : /received (undefined|null)/.test(issue.message)) return `${label} is required.`;
      return `${label} must be ${KIND[issue.expected ?? ''] ?? 'something else'}.`;
    case 'too_small': {
      const n = Number(issue.minimum);
      if (issue.origin === 'string') return n <= 1 ? `${label} is required.` : `${label} needs at least ${n} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return n <= 1 ? `Choose at least one for ${lower(label)}.` : `Choose at least ${n} for ${lower(label)}.`;
      return issue.inclusive === false ? `${label} must be more than ${n}.` : `${label} must be at least ${n}.`;
    }
    case 'too_big': {
      const n = Number(issue.maximum);
      if (issue.origin === 'string') return `${label} can have at most ${n} characters.`;
      if (issue.origin === 'array' || issue.origin === 'set') return `${label} can have at most ${n} entries.`;
      return issue.inclusive === false ? `${label} must be less than ${n}.` : `${label} must be at most ${n}.`;
    }
    case 'invalid_value':
      return issue.values?.length ? `${label} must be one of: ${issue.values.map(String).join(', ')}.` : `${label} has a value that is not allowed.`;
    case 'invalid_format':
      return own ? `${label}: ${lowerFirst(own)}` : `${label} must be ${FORMAT[issue.format ?? ''] ?? 'in the expected form'}.`;
    case 'invalid_union':
      return `${label} has an entry that is not allowed.`;
    case 'unrecognized_keys':
      return `${label} has settings Ops Alerts does not know${issue.keys?.length ? `: ${issue.keys.join(', ')}` : ''}.`;
    case 'not_multiple_of':
      return `${label} must be a whole number.`;
    default:
      return own ? sentence(own) : `${label} is not valid.`;
  }
}

const lower = (s: string) => s.charAt(0).toLowerCase() + s.slice(1);
const lowerFirst = (s: string) => (/^[A-Z][a-z]/.test(s) ? lower(s) : s);
const sentence = (s: string) => {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.?!]$/.test(t) ? t : `${t}.`;
};
