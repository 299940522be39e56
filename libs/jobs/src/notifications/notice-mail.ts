import nunjucks from 'nunjucks';
import type { MailMessage } from '@app/application';

/** A mail's content before it is written out: the same words in plain text and in HTML. */
export interface NoticeContent {
  subject: string;
  paragraphs: string[];
  /** Material the mail is about, each with its link. */
  items?: Array<{ title: string; url: string; note?: string }>;
  /** Where to act, and its link. */
  action?: { label: string; url: string };
  /** Why the mail came, and how to stop it. */
  footer?: string[];
  headers?: Readonly<Record<string, string>>;
}

/** Compiled once; autoescaped, as titles, comments and names come from people. */
const HTML = nunjucks.compile(
  `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{ subject }}</title></head>
<body style="font-family: Arial, sans-serif; font-size: 16px; line-height: 1.5; color: #0b0c0c">
{% for paragraph in paragraphs %}<p>{{ paragraph }}</p>
{% endfor %}{% if items.length %}<ul>
{% for item in items %}<li><a href="{{ item.url }}">{{ item.title }}</a>{% if item.note %}: {{ item.note }}{% endif %}</li>
{% endfor %}</ul>
{% endif %}{% if action %}<p><a href="{{ action.url }}">{{ action.label }}</a></p>
{% endif %}{% if footer.length %}<hr>
{% for line in footer %}<p style="font-size: 14px; color: #505a5f">{{ line }}</p>
{% endfor %}{% endif %}</body></html>
`,
  new nunjucks.Environment(null, { autoescape: true }),
);

/** Writes a notice's content out as a mail to `to`: plain text, with the HTML alternative (escaped by Nunjucks). */
export function noticeMail(to: string, content: NoticeContent): MailMessage {
  const { subject, paragraphs, items = [], action, footer = [], headers } = content;
  const text = [
    ...paragraphs.flatMap((paragraph) => [paragraph, '']),
    ...(items.length > 0
      ? [...items.map((item) => `- ${item.title}${item.note ? `: ${item.note}` : ''}\n  ${item.url}`), '']
      : []),
    ...(action ? [`${action.label}:`, action.url, ''] : []),
    ...(footer.length > 0 ? ['--', ...footer, ''] : []),
  ].join('\n');
  const html = HTML.render({ subject, paragraphs, items, action, footer });
  return { to, subject, text, html, ...(headers ? { headers } : {}) };
}
