import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { NetworkFacts } from '../networks/network-facts.service';
import { MotionsController } from './motions.controller';
import { MotionCommands } from './motion-commands.service';
import { ProposeMotionHandler } from './handlers/propose-motion.handler';
import { CastVoteHandler } from './handlers/cast-vote.handler';
import { CloseMotionHandler } from './handlers/close-motion.handler';
import { ApplyCarriedMotionsPolicy } from './apply-carried-motions.policy';

@Module({
  imports: [CqrsModule],
  controllers: [MotionsController],
  providers: [
    MotionCommands,
    NetworkFacts,
    ProposeMotionHandler,
    CastVoteHandler,
    CloseMotionHandler,
    ApplyCarriedMotionsPolicy,
  ],
})
export class MotionsModule {}
