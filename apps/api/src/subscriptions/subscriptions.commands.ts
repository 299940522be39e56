/** The commands the public subscription routes send on the CommandBus; each has one handler named after it. */
export class RequestSubscriptionCommand {
  constructor(readonly email: string) {}
}

export class ConfirmSubscriptionCommand {
  constructor(readonly token: string) {}
}

export class UnsubscribeCommand {
  constructor(readonly token: string) {}
}
