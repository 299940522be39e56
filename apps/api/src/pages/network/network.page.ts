import { Body, Get, HttpCode, Param, Post, Render, Res, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import type { Response } from 'express';
import { Clock, newAccessToken, StreamFacts } from '@app/application';
import { NotAllowed, type Role } from '@app/domain';
import type { ResolvedActor } from '@app/read-models';
import { AuthorityRegister } from '@app/reference-data';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { send } from '../../http/send-command';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { NetworkView } from '../../networks/network-view.service';
import { RegisterMemberDto } from '../../networks/networks.dto';
import { formErrors } from '../form-errors';
import { PageController, SignedIn } from '../page-controller';

type Form = Record<string, string | string[] | undefined>;

const ROLE_ITEMS = [
  {
    value: 'contributor',
    text: 'Contributor',
    hint: { text: 'Submits, revises, publishes and withdraws material' },
  },
  {
    value: 'coordinator',
    text: 'Coordinator',
    hint: { text: 'Manages members, tokens, the seat and authorities' },
  },
];

const asList = (value: string | string[] | undefined) =>
  Array.isArray(value) ? value : value ? [value] : [];
const field = (value: string | string[] | undefined) => (typeof value === 'string' ? value.trim() : '');

/** The coordinator's page: members and their roles, access tokens, the Steering Group seat, authorities. */
@PageController('network')
export class NetworkPages {
  constructor(
    private readonly bus: CommandBus,
    private readonly networks: NetworkView,
    private readonly facts: StreamFacts,
    private readonly register: AuthorityRegister,
    private readonly clock: Clock,
  ) {}

  @Get()
  @UseGuards(SignedIn)
  @Render('network/network')
  page(@CurrentActor() actor: ResolvedActor) {
    return this.networkPage(actor);
  }

  @Post('members')
  @UseGuards(SignedIn)
  async addMember(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const values = { name: field(body.name), email: field(body.email), roles: asList(body.roles) };
    const errors: Record<string, string> = {};
    for (const error of validateSync(plainToInstance(RegisterMemberDto, values)))
      errors[error.property] = MEMBER_MESSAGES[error.property as keyof typeof MEMBER_MESSAGES];
    if (Object.keys(errors).length > 0) return this.refused(response, actor, errors, { values });
    const { networkId } = this.coordinator(actor);
    const personId = meta.idFor('person');
    const { name, email, roles } = values;
    await send(
      this.bus,
      { type: 'RegisterMember', networkId, personId, roles: roles as Role[], personal: { name, email } },
      meta,
    );
    response.redirect(303, '/network#members');
  }

  /** The token is shown on this page once, never again (it is also mailed to its holder). */
  @Post('members/:personId/tokens')
  @HttpCode(200)
  @UseGuards(SignedIn)
  @Render('network/token')
  async issueToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
  ) {
    const { networkId } = this.coordinator(actor);
    const { token, ...issued } = newAccessToken(this.clock.now());
    await send(this.bus, { type: 'IssueAccessToken', networkId, personId, token: issued }, meta, { token });
    const member = (await this.members(actor)).find((candidate) => candidate.personId === personId);
    return { title: 'Access token issued', token, expiresAt: issued.expiresAt, member };
  }

  @Post('members/:personId/tokens/:tokenId/revoke')
  @UseGuards(SignedIn)
  async revokeToken(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Param('tokenId') tokenId: string,
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    await send(this.bus, { type: 'RevokeAccessToken', networkId, personId, tokenId }, meta);
    response.redirect(303, '/network#members');
  }

  @Post('members/:personId/roles')
  @UseGuards(SignedIn)
  async changeRoles(
    @CurrentActor() actor: ResolvedActor,
    @Param('personId') personId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const roles = asList(body.roles).filter((role): role is Role =>
      ['coordinator', 'contributor'].includes(role),
    );
    if (roles.length === 0)
      return this.refused(response, actor, { [`roles-${personId}`]: 'Select at least one role' });
    await send(this.bus, { type: 'ChangeMemberRoles', networkId, personId, roles }, meta);
    response.redirect(303, '/network#members');
  }

  @Post('representative')
  @UseGuards(SignedIn)
  async nominate(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const personId = field(body.representative);
    if (!personId) return this.refused(response, actor, { representative: 'Select a member' });
    await send(this.bus, { type: 'NominateRepresentative', networkId, personId }, meta);
    response.redirect(303, '/network#seat');
  }

  @Post('authorities')
  @UseGuards(SignedIn)
  async addAuthority(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: Form,
    @Res() response: Response,
  ) {
    const { networkId } = this.coordinator(actor);
    const authorityCode = field(body.authorityCode);
    if (!this.register.has(authorityCode))
      return this.refused(response, actor, { authorityCode: 'Select an authority from the register' });
    await send(this.bus, { type: 'AddMemberAuthority', networkId, authorityCode }, meta);
    response.redirect(303, '/network#authorities');
  }

  /** The page again, with each field's error and the input kept: nothing was sent. */
  private async refused(
    response: Response,
    actor: ResolvedActor,
    errors: Record<string, string>,
    form: object = {},
  ) {
    response
      .status(422)
      .render('network/network', await this.networkPage(actor, { ...form, ...formErrors(errors) }));
  }

  /** Only the network's coordinators manage it (the deciders check it again). */
  private coordinator(actor: ResolvedActor): ResolvedActor {
    if (!actor.roles.includes('coordinator'))
      throw new NotAllowed("Only the network's coordinators manage it");
    return actor;
  }

  private async members(actor: ResolvedActor) {
    const view = (await this.networks.view(actor.networkId, actor)) as {
      members: Array<{
        personId: string;
        roles: string[];
        name?: string;
        email?: string;
        forgotten?: boolean;
      }>;
    };
    return view.members;
  }

  private async networkPage(actor: ResolvedActor, form: object = {}) {
    this.coordinator(actor);
    const state = await this.facts.network(actor.networkId);
    const now = this.clock.now().toISOString();
    const members = (await this.members(actor)).map((member) => ({
      ...member,
      representative: state.representative === member.personId,
      roleItems: ROLE_ITEMS.map((item) => ({
        ...item,
        hint: undefined,
        checked: member.roles.includes(item.value),
      })),
      tokens: Object.entries(state.tokens)
        .filter(([, token]) => token.personId === member.personId && !token.revoked && token.expiresAt > now)
        .map(([tokenId, token]) => ({ tokenId, expiresAt: token.expiresAt })),
    }));
    return {
      title: `${state.profile?.name ?? actor.networkId}: members and settings`,
      networkName: state.profile?.name ?? actor.networkId,
      members,
      roleItems: ROLE_ITEMS,
      representativeItems: members.map((member) => ({
        value: member.personId,
        text: member.name ?? 'Forgotten person',
        checked: member.representative,
      })),
      authorities: state.authorities.map((code) => ({ code, name: this.register.get(code)?.name ?? code })),
      authorityItems: [
        { value: '', text: 'Choose an authority' },
        ...this.register
          .all()
          .filter((authority) => !state.authorities.includes(authority.code))
          .map((authority) => ({ value: authority.code, text: authority.name })),
      ],
      webhooks: Object.entries(state.webhooks).map(([webhookId, webhook]) => ({ webhookId, ...webhook })),
      witnessKey: state.witnessKey,
      values: {},
      ...form,
    };
  }
}

const MEMBER_MESSAGES = {
  name: 'Enter the member’s full name',
  email: 'Enter an email address in the correct format, like name@example.com',
  roles: 'Select at least one role',
};
