import { Readable } from 'node:stream';
import {
  Body,
  Get,
  Param,
  ParseUUIDPipe,
  Post,
  Render,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { CommandBus } from '@nestjs/cqrs';
import type { Response } from 'express';
import { BlobStore, StreamFacts } from '@app/application';
import { type Attachment, NotFound, RuleBroken } from '@app/domain';
import { networkMaterial, ProjectionRunner, type ResolvedActor } from '@app/read-models';
import { AuthorityRegister, THEMES } from '@app/reference-data';
import { sniffMediaType } from '../../attachments/sniff-media-type';
import { filenameFrom } from '../../attachments/upload-filename';
import { HttpCommandMeta, Meta } from '../../http/command-meta';
import { ValidationFailed } from '../../http/problem-details';
import { MAX_ATTACHMENT_BYTES } from '../../practices/practices.dto';
import { send } from '../../http/send-command';
import { CurrentActor } from '../../identity/bearer-auth.guard';
import { PracticeWorkflow } from '../../practices/practice-workflow.service';
import { formErrors } from '../form-errors';
import { renderMarkdown } from '../markdown';
import { PageController, SignedIn } from '../page-controller';
import {
  formValues,
  PracticeFormBody,
  PracticeFormValues,
  readPracticeForm,
  valuesOf,
} from './practice-form';
import { stateTag } from './practice-states';

/** A file from the form, as multer gives it (held in memory: at most one, of at most 20 MB). */
interface FormFile {
  originalname: string;
  mimetype: string;
  size: number;
  buffer: Buffer;
}

/** The form's one file; larger than the API allows is refused (413) before anything is stored. */
const ATTACHMENT = FileInterceptor('attachment', {
  limits: { fileSize: MAX_ATTACHMENT_BYTES, files: 1, fields: 100 },
});

/** A contributor's pages: their network's material with its states, submitting, revising, publishing, withdrawing. */
@PageController()
export class ContributePages {
  constructor(
    private readonly bus: CommandBus,
    private readonly workflow: PracticeWorkflow,
    private readonly runner: ProjectionRunner,
    private readonly facts: StreamFacts,
    private readonly register: AuthorityRegister,
    private readonly blobs: BlobStore,
  ) {}

  @Get('my-network')
  @UseGuards(SignedIn)
  @Render('contribute/my-network')
  async myNetwork(@CurrentActor() actor: ResolvedActor) {
    const network = await this.facts.network(actor.networkId);
    const items = networkMaterial(this.runner.database, actor.networkId).map((item) => ({
      ...item,
      tag: stateTag(item.state),
    }));
    return { title: `${network.profile?.name ?? actor.networkId}: our material`, items };
  }

  @Get('contribute')
  @UseGuards(SignedIn)
  @Render('contribute/practice-form')
  async newForm(@CurrentActor() actor: ResolvedActor) {
    return this.formPage(actor, { values: formValues({}) });
  }

  @Post('contribute')
  @UseGuards(SignedIn)
  @UseInterceptors(ATTACHMENT)
  async submit(
    @CurrentActor() actor: ResolvedActor,
    @Meta() meta: HttpCommandMeta,
    @Body() body: PracticeFormBody,
    @UploadedFile() file: FormFile | undefined,
    @Res() response: Response,
  ) {
    const values = formValues(body);
    const form = await this.withAttachment(readPracticeForm(values), file);
    if ('errors' in form)
      return response
        .status(422)
        .render(
          'contribute/practice-form',
          await this.formPage(actor, { values, ...formErrors(form.errors) }),
        );
    const practiceId = meta.idFor('practice');
    const contactId = meta.idFor('contact');
    await send(this.bus, { type: 'SubmitPractice', practiceId, contactId, content: form.content }, meta);
    response.redirect(303, `/my-network/${practiceId}`);
  }

  @Get('my-network/:id')
  @UseGuards(SignedIn)
  @Render('contribute/item')
  async item(@CurrentActor() actor: ResolvedActor, @Param('id', ParseUUIDPipe) id: string) {
    return this.itemPage(await this.ours(actor, id));
  }

  private itemPage(view: Awaited<ReturnType<ContributePages['ours']>>, form: Record<string, unknown> = {}) {
    return {
      title: view.content.title,
      item: view,
      bodyHtml: renderMarkdown(view.content.body),
      tag: stateTag(view.state),
      revisable: ['changes_requested', 'published'].includes(view.state),
      withdrawable: !['withdrawn', 'retired', 'rejected'].includes(view.state),
      ...form,
    };
  }

  @Get('my-network/:id/revise')
  @UseGuards(SignedIn)
  @Render('contribute/practice-form')
  async reviseForm(@CurrentActor() actor: ResolvedActor, @Param('id', ParseUUIDPipe) id: string) {
    const view = await this.ours(actor, id);
    return this.formPage(actor, { values: valuesOf(view.content), revising: view });
  }

  @Post('my-network/:id/revise')
  @UseGuards(SignedIn)
  @UseInterceptors(ATTACHMENT)
  async revise(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: PracticeFormBody,
    @UploadedFile() file: FormFile | undefined,
    @Res() response: Response,
  ) {
    const view = await this.ours(actor, practiceId);
    const values = formValues(body);
    const form = await this.withAttachment(readPracticeForm(values, view.content.attachments), file);
    if ('errors' in form)
      return response
        .status(422)
        .render(
          'contribute/practice-form',
          await this.formPage(actor, { values, revising: view, ...formErrors(form.errors) }),
        );
    const basedOnVersion = Number(body.basedOnVersion);
    await send(
      this.bus,
      {
        type: 'RevisePractice',
        practiceId,
        contactId: meta.idFor('contact'),
        basedOnVersion,
        content: form.content,
      },
      meta,
    );
    response.redirect(303, `/my-network/${practiceId}`);
  }

  @Post('my-network/:id/publish')
  @UseGuards(SignedIn)
  async publish(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Res() response: Response,
  ) {
    await this.ours(actor, practiceId);
    await send(this.bus, { type: 'PublishPractice', practiceId }, meta);
    response.redirect(303, `/my-network/${practiceId}`);
  }

  @Post('my-network/:id/withdraw')
  @UseGuards(SignedIn)
  async withdraw(
    @CurrentActor() actor: ResolvedActor,
    @Param('id', ParseUUIDPipe) practiceId: string,
    @Meta() meta: HttpCommandMeta,
    @Body() body: PracticeFormBody,
    @Res() response: Response,
  ) {
    const view = await this.ours(actor, practiceId);
    const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
    if (!reason || reason.length > 2000)
      return response.status(422).render(
        'contribute/item',
        this.itemPage(view, {
          values: { reason },
          ...formErrors({
            reason: reason ? 'Reason must be 2,000 characters or fewer' : 'Enter why you are withdrawing it',
          }),
        }),
      );
    await send(this.bus, { type: 'WithdrawPractice', practiceId, reason }, meta);
    response.redirect(303, `/my-network/${practiceId}`);
  }

  /**
   * Once the form's fields hold, its file (if one was chosen) is stored as `POST /api/v1/attachments` stores one:
   * type sniffed from the bytes and matching the declared one, and added to the content. A refused file is the
   * attachment field's error; a form with other errors stores nothing (the file is chosen again).
   */
  private async withAttachment(
    form: ReturnType<typeof readPracticeForm>,
    file: FormFile | undefined,
  ): Promise<ReturnType<typeof readPracticeForm>> {
    if ('errors' in form || !file || file.size === 0) return form;
    let attachment: Attachment;
    try {
      attachment = await this.store(file);
    } catch (error) {
      if (error instanceof RuleBroken)
        return { errors: { attachment: 'The file must be a PDF, an office document or an image (not SVG)' } };
      if (error instanceof ValidationFailed)
        return { errors: { attachment: 'The file’s name must be a plain file name' } };
      throw error;
    }
    const { content } = form;
    return { content: { ...content, attachments: [...content.attachments, attachment] } };
  }

  private async store(file: FormFile): Promise<Attachment> {
    const name = filenameFrom(file.originalname);
    const staged = await this.blobs.stage(Readable.from([file.buffer]), MAX_ATTACHMENT_BYTES);
    try {
      const mediaType = await sniffMediaType(staged, file.mimetype);
      const stored = await staged.keep(mediaType);
      return { sha256: stored.sha256, name, mediaType: stored.mediaType, size: stored.size };
    } finally {
      await staged.discard();
    }
  }

  /** The workflow view of one of the network's own items; another network's is not there (404). */
  private async ours(actor: ResolvedActor, practiceId: string) {
    const view = await this.workflow.view(practiceId);
    if (view.networkId !== actor.networkId) throw new NotFound('No such practice');
    return view as typeof view & { content: Parameters<typeof valuesOf>[0] };
  }

  /** The form's context: the themes, and the network's authorities (with any the values name) to choose from. */
  private async formPage(
    actor: ResolvedActor,
    page: { values: PracticeFormValues } & Record<string, unknown>,
  ) {
    const { authorities } = await this.facts.network(actor.networkId);
    const codes = [...new Set([...authorities, ...page.values.authorities])];
    const chosen = (selected: string[], value: string) => selected.includes(value);
    return {
      title: page.revising ? 'Revise practice material' : 'Submit practice material',
      ...page,
      themeItems: THEMES.map(({ code, label }) => ({
        value: code,
        text: label,
        checked: chosen(page.values.themes, code),
      })),
      authorityItems: codes.map((code) => ({
        value: code,
        text: this.register.get(code)?.name ?? code,
        checked: chosen(page.values.authorities, code),
      })),
    };
  }
}
