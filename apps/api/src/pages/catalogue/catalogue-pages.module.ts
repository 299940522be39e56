import { Module } from '@nestjs/common';
import { CatalogueModule } from '../../catalogue/catalogue.module';
import { CataloguePages } from './catalogue.page';

@Module({
  imports: [CatalogueModule],
  controllers: [CataloguePages],
})
export class CataloguePagesModule {}
