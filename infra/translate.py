"""Translate infra/template.yaml with the SAM translator, offline, and print the result.

`sam validate` without `--lint` does the same but first asks IAM for the list of managed
policies, which needs AWS credentials. The template names no managed policy (its policies
are inline statements), so a loader that refuses every lookup is all the translator needs.
The output, plain CloudFormation JSON, is what lint.sh hands to cfn-lint a second time:
SAM-generated resources (roles, permissions, subscriptions, routes) get linted too, and the
SAM event properties that cfn-lint does not check on the source template get validated.

Usage: python infra/translate.py TEMPLATE REGION > transformed.json
"""

import json
import sys

from samcli.commands.validate.lib.exceptions import InvalidSamDocumentException
from samcli.lib.translate.sam_template_validator import SamTemplateValidator
from samcli.yamlhelper import yaml_parse


class NoManagedPolicyLookups:
    """Refuses the IAM lookup: it would need credentials and the network."""

    def load(self):
        raise SystemExit(
            "translate.py: the template refers to a managed policy by name; "
            "write it as an ARN or an inline statement so linting stays offline"
        )


def main() -> int:
    template_path, region = sys.argv[1], sys.argv[2]
    with open(template_path, encoding="utf-8") as f:
        template = yaml_parse(f.read())
    validator = SamTemplateValidator(template, NoManagedPolicyLookups(), region=region)
    try:
        translated = validator.get_translated_template_if_valid()
    except InvalidSamDocumentException as e:
        print(f"translate.py: {template_path} is not a valid SAM template: {e}", file=sys.stderr)
        return 1
    json.dump(yaml_parse(translated), sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
