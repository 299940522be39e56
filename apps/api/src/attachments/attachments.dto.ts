import { Matches } from 'class-validator';
import { SHA256_PATTERN } from '@app/application';

export class BlobAddressDto {
  @Matches(SHA256_PATTERN, { message: 'sha256 must be 64 lowercase hex digits' }) sha256!: string;
}
