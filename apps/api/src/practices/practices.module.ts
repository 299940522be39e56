import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { PracticesController } from './practices.controller';
import { PracticeCommands } from './practice-commands.service';
import { PracticeWorkflow } from './practice-workflow.service';
import { NetworkFacts } from '../networks/network-facts.service';
import { SubmitPracticeHandler } from './handlers/submit-practice.handler';
import { ReviewPracticeHandler } from './handlers/review-practice.handler';
import { RevisePracticeHandler } from './handlers/revise-practice.handler';
import { PublishPracticeHandler } from './handlers/publish-practice.handler';
import { WithdrawPracticeHandler } from './handlers/withdraw-practice.handler';
import { ConcludeLazyConsensusHandler } from './handlers/conclude-lazy-consensus.handler';

@Module({
  imports: [CqrsModule],
  controllers: [PracticesController],
  providers: [
    PracticeCommands,
    PracticeWorkflow,
    NetworkFacts,
    SubmitPracticeHandler,
    ReviewPracticeHandler,
    RevisePracticeHandler,
    PublishPracticeHandler,
    WithdrawPracticeHandler,
    ConcludeLazyConsensusHandler,
  ],
  exports: [PracticeCommands],
})
export class PracticesModule {}
