# -*- coding: utf-8 -*-
from odoo.tests import common


class TestMainCompany(common.TransactionCase):

    def test_main_company_is_acme(self):
        """ songs.install.pre renames the main company """
        company = self.env.ref('base.main_company')
        self.assertEqual(company.name, 'acme')
