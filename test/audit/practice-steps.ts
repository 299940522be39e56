import type { ApiResponse, RunningApi } from '../support/running-api';

/** Practice material written through the API, step by step, for the audit suites' logs. */

export const SEATS = ['a', 'b', 'c'];

export const content = (title: string, overrides: Record<string, unknown> = {}) => ({
  title,
  summary: `What ${title} did.`,
  body: `How ${title} went, gritting and drainage included.`,
  themes: ['winter-service'],
  authorities: ['york'],
  links: [],
  attachments: [],
  contact: { name: 'Aud Itor', email: 'aud.itor@example.org' },
  ...overrides,
});

export class PracticeSteps {
  /** The position of the last write. */
  position = 0;

  constructor(
    private readonly api: RunningApi,
    private readonly tokens: Record<string, string>,
  ) {}

  private async wrote(response: Promise<ApiResponse>, status: number): Promise<ApiResponse['body']> {
    const { status: answered, body } = await response;
    if (answered !== status) throw new Error(`Expected ${status}, got ${answered}: ${JSON.stringify(body)}`);
    if (typeof body?.position === 'number') this.position = body.position;
    return body;
  }

  async submit(owner: string, title: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const body = await this.wrote(
      this.api.call('POST', '/practices', this.tokens[owner], content(title, overrides)),
      201,
    );
    return body.practiceId;
  }

  /** Approved by the two other seats in `round`. */
  async approve(practiceId: string, owner: string, round = 1): Promise<void> {
    for (const reviewer of SEATS.filter((seat) => seat !== owner))
      await this.wrote(
        this.api.call('POST', `/practices/${practiceId}/reviews`, this.tokens[reviewer], {
          round,
          verdict: 'approve',
          comment: 'Sound.',
        }),
        201,
      );
  }

  async publish(practiceId: string, owner: string): Promise<void> {
    await this.wrote(this.api.call('POST', `/practices/${practiceId}/publish`, this.tokens[owner]), 200);
  }

  async published(owner: string, title: string, overrides: Record<string, unknown> = {}): Promise<string> {
    const practiceId = await this.submit(owner, title, overrides);
    await this.approve(practiceId, owner);
    await this.publish(practiceId, owner);
    return practiceId;
  }

  async revise(practiceId: string, owner: string, title: string, basedOnVersion: number): Promise<void> {
    await this.wrote(
      this.api.call('POST', `/practices/${practiceId}/revisions`, this.tokens[owner], {
        ...content(title),
        basedOnVersion,
      }),
      201,
    );
  }

  async withdraw(practiceId: string, owner: string): Promise<void> {
    await this.wrote(
      this.api.call('POST', `/practices/${practiceId}/withdraw`, this.tokens[owner], {
        reason: 'Superseded',
      }),
      200,
    );
  }
}
