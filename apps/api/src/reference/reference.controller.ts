import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { AuthorityRegister, CURRENT_PRINCIPLES, THEMES } from '@app/reference-data';
import { Public } from '../identity/bearer-auth.guard';

/** The public reference data: themes, the principles networks adopt, and the authority register. */
@Public()
@Controller()
export class ReferenceController {
  constructor(private readonly authorities: AuthorityRegister) {}

  @Get('themes')
  themes() {
    return THEMES;
  }

  @Get('principles')
  principles() {
    return CURRENT_PRINCIPLES;
  }

  @Get('authorities')
  allAuthorities() {
    return this.authorities.all();
  }

  @Get('authorities/:code')
  authority(@Param('code') code: string) {
    const found = this.authorities.get(code);
    if (!found) throw new NotFoundException(`No authority with code ${code} in the register`);
    return found;
  }
}
